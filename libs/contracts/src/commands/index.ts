export * from './acs-commands';
export * from './acs-command-results';
export * from './public-messages';
