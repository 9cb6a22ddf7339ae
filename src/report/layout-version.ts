/**
 * Bumped when the brief's layout changes in a way the code version alone would not show. Its own
 * module so the inputs' hash (get-or-render.ts) does not load pdfkit and Vega with render.ts.
 */
export const LAYOUT_VERSION = 2;
