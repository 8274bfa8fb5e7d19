import pkg from '../../package.json';

/** The version written into every manifest: which build made a backup. */
export const APP_VERSION: string = pkg.version;
