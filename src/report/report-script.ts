/**
 * The report page's whole script: the parts in dependency order, wrapped in
 * one IIFE in strict mode so nothing leaks into the page's globals.
 */

import { SCRIPT_BASE } from './script-base.js';
import { SCRIPT_HISTORY } from './script-history.js';
import { SCRIPT_INTERACTION } from './script-interaction.js';
import { SCRIPT_MESSAGES } from './script-messages.js';
import { SCRIPT_OVERVIEW } from './script-overview.js';
import { SCRIPT_STORY } from './script-story.js';
import { SCRIPT_TIMELINE } from './script-timeline.js';

export const REPORT_SCRIPT = [
  '(function () {',
  "'use strict';",
  SCRIPT_BASE,
  SCRIPT_TIMELINE,
  SCRIPT_MESSAGES,
  SCRIPT_HISTORY,
  SCRIPT_OVERVIEW,
  SCRIPT_STORY,
  SCRIPT_INTERACTION,
  '})();',
].join('\n');
