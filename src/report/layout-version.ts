/** Bumped when the layout changes in a way the code version alone would not show. Part of a brief's inputs' hash. */
export const LAYOUT_VERSION = 2;
