// A module that cannot be loaded: the failing-import fixture imports it.
throw new Error('module broke while loading');
export const answer = 42;
