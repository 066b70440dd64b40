/**
 * Imported first by main.tsx, for its effect: zod compiles object parsers with `new Function` when
 * it may, and decides so (by probing `Function('')`) while the schemas are being constructed at
 * module load. Under the renderer's CSP (no 'unsafe-eval') that probe is refused and reported as
 * a CSP violation, so the JIT must be off before any module that builds a schema is evaluated.
 * This is the one module with an effect at import time, on purpose.
 */
import { z } from 'zod';

z.config({ jitless: true });
