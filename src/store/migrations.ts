import { fileURLToPath } from 'node:url';

/** drizzle-kit's output folder, applied by both drivers' migrators. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../schema/migrations', import.meta.url));
