"""Dumps Brian2's unit table, display registries and formatting into brian2Units.json.

The TypeScript tests compare src-shared/units against this file, so they need no Python.
Regenerate (Debian's python3-brian, Brian2 2.5.1) from the repository root:

    /usr/bin/python3 src-shared/units/__fixtures__/dumpBrian2Units.py \
        > src-shared/units/__fixtures__/brian2Units.json
"""
import json
import random
import warnings

warnings.filterwarnings('ignore')

import numpy as np  # noqa: E402
import brian2  # noqa: E402
from brian2.units import allunits, stdunits  # noqa: E402
from brian2.units.fundamentalunits import (  # noqa: E402
    Unit, Quantity, DIMENSIONLESS, get_or_create_dimension, get_unit,
    standard_unit_register, additional_unit_register, in_best_unit)
from brian2.core.namespace import DEFAULT_UNITS  # noqa: E402
import brian2.equations.equations as equations  # noqa: E402

# Unit arithmetic would register new compound units and change what Brian displays later.
Unit.automatically_register_units = False


def dims(d):
    return [int(x) if float(x).is_integer() else float(x) for x in d._dims]


def dim_of(m=0, kg=0, s=0, A=0, K=0, mol=0, cd=0):
    return get_or_create_dimension(m=m, kg=kg, s=s, A=A, K=K, mol=mol, cd=cd)


star = {}
exec('from brian2 import *', star)  # noqa: S102
star_units = {n for n, v in star.items() if isinstance(v, Unit)}
module_units = {n for n in allunits.__all__ if isinstance(getattr(allunits, n), Unit)}
module_units |= set(stdunits.__all__)
equations.dimensions_and_type_from_string('volt')  # builds the base-unit table
base_units = set(equations._base_units)

units = []
for name in sorted(set(DEFAULT_UNITS) | star_units | module_units):
    u = DEFAULT_UNITS.get(name) or star.get(name)
    if u is None:
        u = getattr(allunits, name, None) or getattr(stdunits, name)
    scopes = ('M' if name in DEFAULT_UNITS else '') + ('I' if name in star_units else '') + \
        ('A' if name in module_units else '')
    units.append([name, float(u), dims(u.dim), str(u), scopes, name in base_units])

registry = []
for d, by_value in standard_unit_register.units_for_dimensions.items():
    registry.append([dims(d), [[float(v), repr(u), str(u)] for v, u in by_value.items()]])
additional = [[repr(u), str(u), float(u), dims(u.dim)] for u in additional_unit_register.units.values()
              if u.iscompound]

seen = set()
get_units = []
for d in [tuple(e[2]) for e in units] + [tuple(r[0]) for r in registry] + [
        (-4, -1, 3, 2, 0, 0, 0), (2, 1, -4, -1, 0, 0, 0), (0, 0, -0.5, 0, 0, 0, 0),
        (1, 0.5, -1.5, -0.5, 0, 0, 0), (-2, 0, 0, 1, 0, 0, 0), (2, 1, -2, 0, -1, 0, 0)]:
    if d in seen:
        continue
    seen.add(d)
    dd = dim_of(*d)
    u = get_unit(dd)
    get_units.append([list(d), repr(u), str(u), str(dd), repr(dd)])

rng = random.Random(20250101)
best_dims = {
    'volt': dim_of(2, 1, -3, -1), 'amp': dim_of(A=1), 'second': dim_of(s=1),
    'siemens': dim_of(-2, -1, 3, 2), 'farad': dim_of(-2, -1, 4, 2), 'ohm': dim_of(2, 1, -3, -2),
    'metre': dim_of(m=1), 'metre2': dim_of(m=2), 'metre3': dim_of(m=3), 'mmolar': dim_of(m=-3, mol=1),
    'hertz': dim_of(s=-1), 'kilogram': dim_of(kg=1), 'kelvin': dim_of(K=1), 'mole': dim_of(mol=1),
    'candle': dim_of(cd=1), 'coulomb': dim_of(s=1, A=1), 'joule': dim_of(2, 1, -2),
    'watt': dim_of(2, 1, -3), 'newton': dim_of(1, 1, -2), 'pascal': dim_of(-1, 1, -2),
    'weber': dim_of(2, 1, -2, -1), 'tesla': dim_of(0, 1, -2, -1), 'henry': dim_of(2, 1, -2, -2),
    'lux': dim_of(m=-2, cd=1), 'gray': dim_of(m=2, s=-2), 'katal': dim_of(s=-1, mol=1),
    'second2': dim_of(s=2), 'volt2': dim_of(4, 2, -6, -2),
    'joule/kelvin': dim_of(2, 1, -2, 0, -1), 'siemens/metre2': dim_of(-4, -1, 3, 2),
    'volt/second': dim_of(2, 1, -4, -1), 'second-0.5': dim_of(s=-0.5),
}
dense = {'volt', 'amp', 'second', 'metre2', 'kilogram', 'kelvin', 'hertz', 'joule/kelvin'}
best = []
for label, d in best_dims.items():
    values = [0.0]
    for e in range(-33, 34, 1 if label in dense else 3):
        for mant in (1.0, 3.1, 3.2, 7.5):
            values.append(mant * 10.0 ** e)
    values += [-0.065, -70e-3, -1e-9, 0.0123456789, 1 / 3, 1e-5 * rng.random()]
    values += [rng.uniform(-3, 3) * 10.0 ** rng.randint(-26, 26) for _ in range(20)]
    for v in values:
        q = Quantity(v, dim=d)
        best.append([label, v, None, q.in_best_unit(), repr(q.get_best_unit())])
    for v in (0.0123456789, 1 / 3, 2.0 / 3e-3):
        q = Quantity(v, dim=d)
        best.append([label, v, 3, q.in_best_unit(3), repr(q.get_best_unit())])
best_arrays = []
for label, vals in [('second', [0.001, 0.002, 0.003]), ('second', [0.0, 1e-3, 1.0]),
                    ('volt', [-0.07, -0.065, 0.02]), ('amp', [1e-12, 1e-9, 1e-6]),
                    ('second', [0.0, 0.0]), ('volt', [1e-3, 0.0, 5.0])]:
    q = Quantity(np.array(vals), dim=best_dims[label])
    best_arrays.append([label, vals, repr(q.get_best_unit())])

numbers = [0.0, -0.0, 1.0, 10.0, -65.0, 0.1 + 0.2, 1 / 3, 2 / 3, 1e-4, 9.99999999e-5, 99999999.99,
           1e8, 123456789.0, 1 / 512, 3 / 512, 1.23456789012345, 5e-324, 1e300, 1e16, 12345.678901234,
           0.5, 2.5, 0.000123456789, 1e-5, 1.5e-7, -2.5e-10, 7e22, 999.9999999999, 0.99999999999]
numbers += [rng.uniform(-1, 1) * 10.0 ** rng.randint(-12, 12) for _ in range(150)]
number_format = []
for v in numbers:
    for p in (None, 3, 12):
        s = np.array_str(np.array([v]), precision=p).replace('[', '').replace(']', '').strip()
        number_format.append([v, p, s])
dimensionless = [[v, in_best_unit(v)] for v in numbers]

unit_strings = []
for text in ['volt', 'mV', 'um2', 'kHz', 'cm', 'mM', 'volt second', 'mvolt', 'voltage', '1.0*volt',
             '2 * volt', '1/second', 'volt**0.5', 'metre**-2', '(amp/metre**2)', 'siemens/meter**2',
             'volt*1', '1*volt', 'volt/volt', '2**volt', 'metre2', 'second**-0.5', 'celsius', 'mS',
             'volt**2**2', '-volt', '+volt', 'volt**(1/2)', '1/(second*metre)', 'volt/2',
             'volt ** 1.5', 'Hz', 'liter', 'kliter', 'klitre', 'metre**2', 'ms**2', '1.0/second',
             '2/second', '1/1', '(1)', 'volt**metre', 'volt + volt', 'amp**2/amp', '1', 'boolean',
             'integer', 'bool', 'kgram', 'kilogramme', 'becquerel', 'lumen', 'steradian', 'mol',
             'ohm*amp', 'farad/metre**2', 'volt/second', 'mmolar/second', 'siemens']:
    try:
        d, t = equations.dimensions_and_type_from_string(text)
        unit_strings.append([text, dims(d), t, None])
    except (ValueError, TypeError) as ex:
        unit_strings.append([text, None, None, str(ex)])

json.dump({
    'brian2Version': brian2.__version__,
    'units': units,
    'registry': registry,
    'additional': additional,
    'getUnit': get_units,
    'bestUnit': best,
    'bestUnitArrays': best_arrays,
    'numberFormat': number_format,
    'dimensionlessFormat': dimensionless,
    'unitStrings': unit_strings,
}, __import__('sys').stdout, separators=(',', ':'))
