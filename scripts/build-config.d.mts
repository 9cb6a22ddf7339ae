// Types of build-config.mjs, for the tests that import it.
export declare const ENTRIES: readonly string[];
export declare const SOURCES: readonly string[];
export declare const STAMP: string;
