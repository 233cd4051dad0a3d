/**
 * Colours come from the stylesheet's custom properties (report-style.ts), so
 * the legend, the panels and the tooltips always agree. Each is read once:
 * reading computed style while drawing would force a style recalculation per
 * element.
 */

import type { LaneRole } from '../report-data.js';

const cache = new Map<string, string>();

export function cssColor(name: string): string {
  let color = cache.get(name);
  if (color === undefined) {
    color = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    cache.set(name, color);
  }
  return color;
}

export function roleColor(role: LaneRole): string {
  return cssColor(`--${role}`);
}

export const ROLE_SHORT: Record<LaneRole, string> = { leader: 'L', candidate: 'C', follower: 'F', down: 'down' };
