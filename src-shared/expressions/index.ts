/** Expressions: scanner, parser, AST with spans, built-in functions and dimension inference. */
export * from './ast';
export * from './scanner';
export { MAX_EXPRESSION_DEPTH, MAX_MODEL_TOKENS, MAX_NESTING, parseExpression, parseExpressionAt, runParser, TokenCursor, spanOfText, type ParseMode, type ParseExpressionOptions } from './parser';
export * from './printSource';
export * from './functions';
export * from './inferDimensions';
export * from './statement';
export * from './evaluateConstant';
