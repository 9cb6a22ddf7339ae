// Types of build-config.mjs, for the TypeScript that imports it (bench, tests).
export declare const ENTRIES: readonly string[];
export declare const SOURCES: readonly string[];
export declare const STAMP: string;
export declare function buildStaleness(root: string): string | undefined;
