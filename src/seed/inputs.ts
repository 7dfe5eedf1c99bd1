/**
 * The tracked datasets the seed reads: seed/ at the repository root (sources in seed/README.md).
 * Never under DATA_DIR: ./data holds only what the program wrote, so deleting it loses nothing
 * the next start needs (inputs.test.ts).
 */
const SEED_DIR = new URL('../../seed/', import.meta.url)

export const SNAPSHOT_FILE = new URL('civicus_monitor_ratings_2021-03-19.csv', SEED_DIR)
export const POPULATION_FILE = new URL('population_2020_un_wpp_owid_iso3.csv', SEED_DIR)
export const TAXONOMY_FILE = new URL('taxonomy.json', SEED_DIR)
export const INDICATORS_DIR = new URL('indicators/', SEED_DIR)
/** The optional, invented sample content (`npm run seed:sample`). */
export const SAMPLE_DIR = new URL('sample/', SEED_DIR)
