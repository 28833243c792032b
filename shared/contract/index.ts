export * from './intentions.js';
export * from './reports.js';
export * from './views.js';
