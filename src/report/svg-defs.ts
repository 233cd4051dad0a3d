/**
 * SVG patterns, gradients and markers shared by every panel: defined once in
 * a hidden <svg>, referenced by id (url(#hatch-down)) from all the others.
 */

export const SVG_DEFS = `<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
<pattern id="hatch-down" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="6" height="6" fill="#4a5160"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a93a3" stroke-width="2"/></pattern>
<pattern id="hatch-outside" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="8" height="8" fill="#f7f8fa"/><line x1="0" y1="0" x2="0" y2="8" stroke="#e6e9ef" stroke-width="3"/></pattern>
<linearGradient id="unknown-fade" x1="0" x2="1" y1="0" y2="0">
<stop offset="0" stop-color="#ffd98c"/><stop offset="0.7" stop-color="#ffd98c" stop-opacity="0.5"/><stop offset="1" stop-color="#ffd98c" stop-opacity="0.05"/></linearGradient>
</defs></svg>`;
