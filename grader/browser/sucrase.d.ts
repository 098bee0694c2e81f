// Types for the parts of sucrase 3.35 the browser's Run uses through their CommonJS paths: one copy
// of sucrase in the worker's bundle (its `module` entry would add a second, ESM copy of the parser).
// The package ships these files without declarations beside them (its .d.ts live in dist/types).
declare module 'sucrase/dist/index.js' {
  export * from 'sucrase';
}

declare module 'sucrase/dist/parser/index.js' {
  export interface SucraseToken {
    type: number;
    contextualKeyword: number;
    start: number;
    end: number;
    scopeDepth: number;
    isType: boolean;
    identifierRole: number | null;
  }
  export function parse(input: string, isJSXEnabled: boolean, isTypeScriptEnabled: boolean, isFlowEnabled: boolean): { tokens: SucraseToken[] };
}

declare module 'sucrase/dist/parser/tokenizer/types.js' {
  export const TokenType: Record<string, number>;
}

declare module 'sucrase/dist/parser/tokenizer/keywords.js' {
  export const ContextualKeyword: Record<string, number>;
}

declare module 'sucrase/dist/parser/tokenizer/index.js' {
  export const IdentifierRole: Record<string, number>;
}
