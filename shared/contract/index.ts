export * from './intentions.js';
export * from './reports.js';
export * from './request-outcomes.js';
export * from './views.js';
export * from '../refusals/refusal.js';
