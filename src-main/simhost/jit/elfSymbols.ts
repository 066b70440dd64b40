/**
 * A small ELF64 (little-endian) reader for the dynamic symbol table (.dynsym/.dynstr), the symbol
 * versions (.gnu.version) and the dynamic section flags of a shared library.
 *
 * Why not `nm -D --defined-only`: spawning binutils costs 2–5 ms per library and binutils are not
 * guaranteed to be installed next to clang; this reader runs in well under a millisecond on a JIT
 * library, needs no process, and also sees what `nm` hides: symbol-version "hidden" bits (glibc's
 * compat symbols such as `step@GLIBC_2.2.5`, which dlsym cannot find but a PLT call can bind to),
 * `STB_GNU_UNIQUE` bindings and the `DF_1_NODELETE` flag (ARCHITECTURE.md §8, pitfall 2).
 * Mach-O (macOS) is not read: callers get a failure and report "symbols unknown".
 */
import { TextDecoder } from 'node:util';

/** One defined, exported (global, weak or unique; default or protected visibility) dynamic symbol. */
export interface ElfDynamicSymbol {
  readonly name: string;
  readonly kind: 'func' | 'object' | 'tls' | 'other';
  readonly binding: 'global' | 'weak' | 'unique';
  readonly size: number;
  /** Index into the version definitions (0 local, 1 base/unversioned, ≥ 2 a named version). */
  readonly versionIndex: number;
  /** The version is non-default (`name@VER`, not `name@@VER`): dlsym(RTLD_DEFAULT) will not find it. */
  readonly hiddenVersion: boolean;
}

/** What the dynamic tables of one shared object say. */
export interface ElfDynamicInfo {
  readonly symbols: readonly ElfDynamicSymbol[];
  /** `DF_1_NODELETE`: dlclose will never unmap this object (a reload would give old code). */
  readonly nodelete: boolean;
  readonly soname?: string;
}

const SHT_DYNSYM = 11;
const SHT_DYNAMIC = 6;
const SHT_GNU_VERSYM = 0x6fffffff;
const DT_NULL = 0n;
const DT_SONAME = 14n;
const DT_FLAGS_1 = 0x6ffffffbn;
const DF_1_NODELETE = 0x8n;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const STB_GNU_UNIQUE = 10;
const STV_DEFAULT = 0;
const STV_PROTECTED = 3;

interface Section {
  readonly type: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly entsize: number;
}

let decoder: TextDecoder | undefined;

function cString(bytes: Uint8Array, start: number): string {
  let end = start;
  while (end < bytes.length && bytes[end] !== 0) end++;
  decoder ??= new TextDecoder('utf-8');
  return decoder.decode(bytes.subarray(start, end));
}

function kindOf(type: number): ElfDynamicSymbol['kind'] {
  switch (type) {
    case 2:
    case 10: // STT_GNU_IFUNC
      return 'func';
    case 1:
      return 'object';
    case 6:
      return 'tls';
    default:
      return 'other';
  }
}

/**
 * Reads the exported dynamic symbols of an ELF64 little-endian shared object.
 * Returns a reason string instead of throwing on anything malformed or unsupported.
 */
export function readElfDynamicSymbols(
  bytes: Uint8Array,
): { readonly ok: true; readonly value: ElfDynamicInfo } | { readonly ok: false; readonly reason: string } {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return { ok: false, reason: 'not an ELF file' };
  }
  if (bytes[4] !== 2 || bytes[5] !== 1) return { ok: false, reason: 'only ELF64 little-endian is supported' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inRange = (offset: number, size: number): boolean => offset >= 0 && size >= 0 && offset + size <= bytes.length;
  const shoff = Number(view.getBigUint64(0x28, true));
  const shentsize = view.getUint16(0x3a, true);
  const shnum = view.getUint16(0x3c, true);
  if (shoff === 0 || shnum === 0) return { ok: false, reason: 'no section headers (stripped with sstrip?)' };
  if (shentsize < 64 || !inRange(shoff, shentsize * shnum)) return { ok: false, reason: 'section headers out of range' };

  const sections: Section[] = [];
  for (let i = 0; i < shnum; i++) {
    const base = shoff + i * shentsize;
    sections.push({
      type: view.getUint32(base + 4, true),
      offset: Number(view.getBigUint64(base + 24, true)),
      size: Number(view.getBigUint64(base + 32, true)),
      link: view.getUint32(base + 40, true),
      entsize: Number(view.getBigUint64(base + 56, true)),
    });
  }
  const dynsym = sections.find((s) => s.type === SHT_DYNSYM);
  if (dynsym === undefined) return { ok: true, value: { symbols: [], nodelete: false } };
  const dynstr = sections[dynsym.link];
  if (dynstr === undefined || !inRange(dynstr.offset, dynstr.size) || !inRange(dynsym.offset, dynsym.size)) {
    return { ok: false, reason: '.dynsym/.dynstr out of range' };
  }
  const strings = bytes.subarray(dynstr.offset, dynstr.offset + dynstr.size);
  const versym = sections.find((s) => s.type === SHT_GNU_VERSYM && inRange(s.offset, s.size));

  const entsize = dynsym.entsize === 0 ? 24 : dynsym.entsize;
  const count = Math.floor(dynsym.size / entsize);
  const symbols: ElfDynamicSymbol[] = [];
  for (let i = 1; i < count; i++) {
    const base = dynsym.offset + i * entsize;
    const nameOffset = view.getUint32(base, true);
    const info = bytes[base + 4] ?? 0;
    const visibility = (bytes[base + 5] ?? 0) & 3;
    const shndx = view.getUint16(base + 6, true);
    const binding = info >> 4;
    if (shndx === 0) continue; // undefined: an import, not an export
    if (binding !== STB_GLOBAL && binding !== STB_WEAK && binding !== STB_GNU_UNIQUE) continue;
    if (visibility !== STV_DEFAULT && visibility !== STV_PROTECTED) continue;
    const type = info & 0xf;
    if (type === 3 || type === 4) continue; // STT_SECTION, STT_FILE
    let versionIndex = 1;
    let hiddenVersion = false;
    if (versym !== undefined && 2 * i + 2 <= versym.size) {
      const raw = view.getUint16(versym.offset + 2 * i, true);
      versionIndex = raw & 0x7fff;
      hiddenVersion = (raw & 0x8000) !== 0;
    }
    symbols.push({
      name: cString(strings, nameOffset),
      kind: kindOf(type),
      binding: binding === STB_GLOBAL ? 'global' : binding === STB_WEAK ? 'weak' : 'unique',
      size: Number(view.getBigUint64(base + 16, true)),
      versionIndex,
      hiddenVersion,
    });
  }

  let nodelete = false;
  let soname: string | undefined;
  const dynamic = sections.find((s) => s.type === SHT_DYNAMIC && inRange(s.offset, s.size));
  if (dynamic !== undefined) {
    for (let off = dynamic.offset; off + 16 <= dynamic.offset + dynamic.size; off += 16) {
      const tag = view.getBigInt64(off, true);
      const value = view.getBigUint64(off + 8, true);
      if (tag === DT_NULL) break;
      if (tag === DT_FLAGS_1) nodelete = (value & DF_1_NODELETE) !== 0n;
      if (tag === DT_SONAME) soname = cString(strings, Number(value));
    }
  }
  return { ok: true, value: soname === undefined ? { symbols, nodelete } : { symbols, nodelete, soname } };
}
