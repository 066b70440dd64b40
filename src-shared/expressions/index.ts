/** Expressions: scanner, parser, AST with spans, built-in functions and dimension inference. */
export * from './ast';
export * from './scanner';
export { parseExpression, parseExpressionAt, runParser, TokenCursor, spanOfText, type ParseMode, type ParseExpressionOptions } from './parser';
export * from './functions';
export * from './inferDimensions';
export * from './statement';
export * from './evaluateConstant';
