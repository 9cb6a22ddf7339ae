import vm from 'node:vm';

/**
 * pdf.js's legacy build (the one Node 20 needs: docs/toolchain) bundles core-js, which on V8 ≤ 12.1
 * replaces `Array.prototype.push` for the whole process with a JavaScript version, only so that
 * `push` throws on an array whose `length` was made read-only (V8 bug 12681). Both pdf.mjs (at
 * import) and pdf.worker.mjs (loaded by pdf.js's in-thread worker at the first document) install it.
 * That version is 4–5× slower than the engine's, and every push in the process goes through it:
 * pdf.js's own text items and our layout code alike (~7% of extractRelease's CPU in a profile).
 * Nothing in this process makes an array's length read-only, so the engine's push is put back.
 *
 * This module is imported before pdf.js (see load.ts), so it sees the engine's function. A built-in
 * method has no own `prototype`, a polyfill written as a function has one: if pdf.js was loaded
 * first through another import, the push of a fresh realm is used instead (built-in too, and still
 * ~2× faster than the polyfill across realms).
 */
const captured = Array.prototype.push;
const ENGINE_PUSH: typeof captured = isBuiltIn(captured) ? captured : (vm.runInNewContext('Array.prototype.push') as typeof captured);

function isBuiltIn(fn: unknown): boolean {
  return typeof fn === 'function' && !Object.hasOwn(fn, 'prototype');
}

/** Puts the engine's `Array.prototype.push` back if a polyfill replaced it; cheap when nothing did. */
export function restoreEnginePush(): void {
  if (Array.prototype.push === ENGINE_PUSH || isBuiltIn(Array.prototype.push)) return;
  Object.defineProperty(Array.prototype, 'push', { value: ENGINE_PUSH, writable: true, enumerable: false, configurable: true });
}
