export * from './intentions.js';
export * from './views.js';
