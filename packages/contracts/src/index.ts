export * from './common.ts';
export * from './participants.ts';
export * from './themes.ts';
export * from './visibility.ts';
export * from './events.ts';
export * from './filters.ts';
export * from './http.ts';
export * from './webhooks.ts';
