/** A JSON body or frame, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
export type Json = Record<string, any>;
