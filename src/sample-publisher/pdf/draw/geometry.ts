/** Page geometry and colours shared by the drawing functions (points; A4 portrait). */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  left: 56,
  right: 555,
  /** Main column on pages with the sidebar. */
  mainRight: 400,
  sidebarX: 420,
  sidebarRule: 410,
  /** First content line below the banner and running header. */
  contentTop: 84,
  /** Content must end above the footer. */
  contentBottom: 785,
} as const;

export const COLOR = {
  brand: '#0B5E4A',
  brandLight: '#E6F0ED',
  accent: '#D9730D',
  text: '#222222',
  grey: '#666666',
  rule: '#9AA5A1',
  shade: '#F2F4F3',
  notice: '#B3261E',
  noticeFill: '#FDECEA',
} as const;
