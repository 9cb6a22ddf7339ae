/**
 * The briefing PDF: read the data once ({@link assembleBriefData}), compute the key messages
 * ({@link computeKeyMessages}, pure), render ({@link renderBrief}, pure and deterministic),
 * and store/reuse by inputs' hash ({@link getOrRenderBrief}).
 */
export { assembleBriefData, WINDOW_QUARTERS, type BriefRequest } from './assemble.ts';
export { computeKeyMessages, streakOf, hubsAverage, type Streak } from './key-messages.ts';
export { renderBrief, LAYOUT_VERSION, vintageDate, type RenderOptions } from './render.ts';
export { getOrRenderBrief, briefInputsHash, briefFileName, canonicalJson, type BriefJob, type BriefResult } from './get-or-render.ts';
export { findBriefByInputsHash, insertBrief, type StoredBrief, type NewBrief } from './brief-store.ts';
export { nextExpectedRelease, DEFAULT_CALENDAR, type ReleaseCalendar, type ExpectedRelease } from '../domain/release-calendar.ts';
export { BriefDataError } from './errors.ts';
export { createThreadRenderer, RenderThreadError, type BriefRenderFn, type ThreadRenderer } from './render-thread.ts';
export type * from './types.ts';
