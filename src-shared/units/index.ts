/**
 * Units: Brian2's dimensions, unit names, quantities, unit expressions and display, in pure
 * TypeScript (depends only on `diagnostics`). Every other stage imports units from here.
 */
export {
  BASE_NAMES,
  BASE_SYMBOLS,
  DIMENSION_TOLERANCE,
  DIMENSIONLESS,
  dimensionKey,
  divideDimensions,
  formatBaseUnitExpression,
  formatSiSymbols,
  isDimensionless,
  makeDimension,
  multiplyDimensions,
  powerDimension,
  sameDimension,
  toDimension,
  type Dimension,
  type DimensionExponents,
} from './dimension';
export { describeDimensionMismatch, dimensionName, formatDimension, formatUnit } from './formatDimension';
export { formatNumpyNumber, formatNumpyScalar } from './formatNumber';
export { bestUnitFor, formatQuantity, type DisplayUnit, type FormatQuantityOptions } from './formatQuantity';
export {
  parseUnitExpression,
  parseVariableUnit,
  type NonBaseUnitUse,
  type ParsedUnit,
  type ParseUnitOptions,
  type VariableType,
  type VariableUnit,
} from './parseUnitExpression';
export {
  addQuantities,
  divideQuantities,
  multiplyQuantities,
  powerQuantity,
  powerQuantityBy,
  quantity,
  quantityInUnit,
  subtractQuantities,
  type AddOptions,
  type Quantity,
} from './quantity';
export { BASE_UNITS_TEXT, baseUnitSuggestion, suggestUnitName, unknownUnitNotes } from './suggestUnit';
export {
  isUnitName,
  listBaseUnitNames,
  listDisplayUnits,
  listUnitNames,
  lookupUnit,
  type UnitEntry,
  type UnitScope,
} from './unitTable';
