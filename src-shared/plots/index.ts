/** Recordings → Plotly figures as plain data, shared by the renderer and Node image export. */
export * from './toAxisTitle';
export * from './toTraceFigure';
export * from './toRasterFigure';
export * from './populationRate';
export * from './chooseAxisUnit';
