export * from './intentions.js';
export * from './reports.js';
export * from './views.js';
export * from '../refusals/refusal.js';
