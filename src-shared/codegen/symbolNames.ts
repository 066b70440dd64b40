/**
 * The only place identifiers of generated code are formed. Internal names start with `_` or
 * `sf_` (user names cannot); user names that are reserved words in C++ or JavaScript get a
 * trailing `_`; arrays are `_array_<owner>_<var>` as in Brian.
 */

const RESERVED = new Set([
  // C++ keywords and common macros
  'alignas', 'alignof', 'asm', 'auto', 'bool', 'break', 'case', 'catch', 'char', 'class', 'const', 'constexpr', 'const_cast', 'continue',
  'decltype', 'default', 'delete', 'do', 'double', 'dynamic_cast', 'else', 'enum', 'explicit', 'export', 'extern', 'false', 'float', 'for',
  'friend', 'goto', 'if', 'inline', 'int', 'long', 'mutable', 'namespace', 'new', 'noexcept', 'nullptr', 'operator', 'private', 'protected',
  'public', 'register', 'reinterpret_cast', 'return', 'short', 'signed', 'sizeof', 'static', 'static_assert', 'static_cast', 'struct',
  'switch', 'template', 'this', 'thread_local', 'throw', 'true', 'try', 'typedef', 'typeid', 'typename', 'union', 'unsigned', 'using',
  'virtual', 'void', 'volatile', 'wchar_t', 'while', 'NULL', 'main',
  // JavaScript keywords and globals a generated module must not shadow
  'arguments', 'await', 'debugger', 'eval', 'function', 'in', 'instanceof', 'let', 'null', 'of', 'super', 'typeof', 'undefined', 'var',
  'with', 'yield', 'Math', 'Infinity', 'NaN', 'Object', 'Array', 'Number', 'Float64Array', 'Int32Array', 'BigInt64Array',
]);

/** A user variable's name in generated code. */
export function toLocalName(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

/** The host array holding variable `variable` of object `owner`. */
export function toArrayName(owner: string, variable: string): string {
  return `_array_${owner}_${variable}`;
}

/** The C++ namespace of a network: `sf_<net>_<hash16>`. */
export function toNamespaceName(networkName: string, hash16: string): string {
  return `sf_${networkName.toLowerCase()}_${hash16}`;
}

/** An exported entry point: `sf_<hash16>_<what>`. */
export function toEntryPointName(hash16: string, what: string): string {
  return `sf_${hash16}_${what}`;
}
