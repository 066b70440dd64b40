import { describe, expect, it } from 'vitest';
import type { MonitorInfo } from '../ipc';
import { toAxisTitle, toUnscaledAxisUnit } from './toAxisTitle';
import { toMonitorFigures, toTraceFigure } from './toTraceFigure';

const t = new Float64Array([0, 1e-4, 2e-4, 3e-4]);
const voltage = [new Float64Array([-0.07, -0.065, -0.06, -0.055]), new Float64Array([-0.07, -0.07, -0.07, -0.07])];

describe('toAxisTitle / toUnscaledAxisUnit', () => {
  it('titles an axis with the unit in parentheses', () => {
    expect(toAxisTitle('v', { symbol: 'mV', scale: 1e-3 })).toBe('v (mV)');
    expect(toAxisTitle('v', { scale: 1 })).toBe('v');
  });

  it('has no unit for dimensionless, integer and boolean variables', () => {
    expect(toUnscaledAxisUnit('1')).toEqual({ scale: 1 });
    expect(toUnscaledAxisUnit('integer')).toEqual({ scale: 1 });
    expect(toUnscaledAxisUnit(' boolean ')).toEqual({ scale: 1 });
    expect(toUnscaledAxisUnit('volt')).toEqual({ symbol: 'volt', scale: 1 });
  });
});

describe('toTraceFigure', () => {
  const mV = { symbol: 'mV', scale: 1e-3 };
  const figure = toTraceFigure({ t, values: voltage, indices: [0, 50], variable: 'v', unit: 'volt', axisUnit: mV, title: 'monitor: v' });

  it('makes one scattergl line trace per recorded index', () => {
    expect(figure.data).toHaveLength(2);
    expect(figure.data.map((trace) => [trace.type, trace.mode, trace.name])).toEqual([
      ['scattergl', 'lines', 'v[0]'],
      ['scattergl', 'lines', 'v[50]'],
    ]);
  });

  it('puts t in ms on x and the values in the display unit on y', () => {
    const first = figure.data[0];
    expect(Array.from(first?.x ?? []).map((x) => Math.round(x * 1000) / 1000)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(Array.from(first?.y ?? []).map((y) => Math.round(y * 1000) / 1000)).toEqual([-70, -65, -60, -55]);
  });

  it('titles the axes with units', () => {
    expect(figure.layout.xaxis.title.text).toBe('t (ms)');
    expect(figure.layout.yaxis.title.text).toBe('v (mV)');
    expect(figure.layout.title?.text).toBe('monitor: v');
  });

  it('gives every trace its own x array', () => {
    expect(figure.data[0]?.x).not.toBe(figure.data[1]?.x);
  });

  it('is JSON-serialisable with plain arrays by default', () => {
    const copy = JSON.parse(JSON.stringify(figure)) as typeof figure;
    expect(copy.data[1]?.y).toEqual([-70, -70, -70, -70]);
  });

  it('emits Float64Arrays on request and honours count', () => {
    const typed = toTraceFigure({ t, values: voltage, indices: [0, 50], variable: 'v', unit: 'volt', typedArrays: true, count: 2, traceType: 'scatter' });
    expect(typed.data[0]?.x).toBeInstanceOf(Float64Array);
    expect(typed.data[0]?.y).toHaveLength(2);
    expect(typed.data[0]?.type).toBe('scatter');
  });

  it('shows values as recorded, labelled with their unit, without an axis unit', () => {
    const raw = toTraceFigure({ t, values: voltage, indices: [0, 50], variable: 'v', unit: 'volt' });
    expect(raw.layout.yaxis.title.text).toBe('v (volt)');
    expect(raw.data[0]?.y[0]).toBe(-0.07);
  });

  it('labels a dimensionless variable without a unit and leaves values as they are', () => {
    const plain = toTraceFigure({ t, values: [[0, 0.5, 0.75, 0.875]], indices: [3], variable: 'v', unit: '1' });
    expect(plain.layout.yaxis.title.text).toBe('v');
    expect(plain.data[0]?.y).toEqual([0, 0.5, 0.75, 0.875]);
  });

  it('uses the dark theme colours when asked', () => {
    const dark = toTraceFigure({ t, values: voltage, indices: [0, 50], variable: 'v', unit: 'volt', theme: 'dark' });
    expect(dark.layout.paper_bgcolor).toBe('#1e1e1e');
  });
});

describe('toMonitorFigures', () => {
  const monitor: MonitorInfo = { name: 'monitor', kind: 'StateMonitor', source: 'neurons', variables: ['v', 'w'], units: { v: 'volt', w: '1' }, indices: [0, 50] };
  const recording = { t, indices: [0, 50], values: { v: voltage, w: [[1, 2, 3, 4], [5, 6, 7, 8]] } };

  it('makes one figure per recorded variable with the monitor units', () => {
    const figures = toMonitorFigures(monitor, recording);
    expect(figures.map((f) => f.layout.yaxis.title.text)).toEqual(['v (volt)', 'w']);
    expect(figures.map((f) => f.data.length)).toEqual([2, 2]);
    expect(figures.map((f) => f.layout.title?.text)).toEqual(['monitor: v', 'monitor: w']);
  });

  it('asks the caller for each axis unit', () => {
    const asked: [string, number][] = [];
    const figures = toMonitorFigures(monitor, recording, {
      chooseAxisUnit: (unit, rows, count) => {
        asked.push([unit, count]);
        return unit === 'volt' ? { symbol: 'mV', scale: 1e-3 } : { scale: 1 };
      },
    });
    expect(asked).toEqual([['volt', 4], ['1', 4]]);
    expect(figures[0]?.layout.yaxis.title.text).toBe('v (mV)');
  });
});
