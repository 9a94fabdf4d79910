/**
 * C2SP tlog-tiles paths (https://c2sp.org/tlog-tiles): tiles of height 8, so
 * a tile holds up to 256 hashes and tile level T holds Merkle level 8·T.
 * Pure maths, table-tested in tiles.test.ts.
 */
import { checkSize, shr } from './bits.ts';
import { MerkleError } from './errors.ts';
import type { NodeId } from './nodes.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;

/** A hash tile: `width` hashes (256 = full) from index·256 at tile level `level`. */
export interface Tile {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** An entry bundle: `width` entries (256 = full) from index·256. */
export interface EntryBundle {
  readonly index: number;
  readonly width: number;
}

function checkTile(level: number, index: number, width: number): void {
  if (!Number.isInteger(level) || level < 0 || level > 63)
    throw new MerkleError('INVALID_TILE', `tile level ${level} is not in 0..63`);
  if (!Number.isSafeInteger(index) || index < 0)
    throw new MerkleError('INVALID_TILE', `tile index ${index} is not a safe non-negative integer`);
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH)
    throw new MerkleError('INVALID_TILE', `tile width ${width} is not in 1..${TILE_WIDTH}`);
}

/** Index N as zero-padded 3-digit path elements, all but the last prefixed with `x`. */
function encodeIndex(index: number): string {
  let path = String(index % 1000).padStart(3, '0');
  for (let n = Math.floor(index / 1000); n > 0; n = Math.floor(n / 1000)) {
    path = `x${String(n % 1000).padStart(3, '0')}/${path}`;
  }
  return path;
}

const widthSuffix = (width: number): string => (width === TILE_WIDTH ? '' : `.p/${width}`);

/**
 * The path of a hash tile, relative to the log prefix.
 * @example tilePath({ level: 0, index: 1234067, width: 256 }) // 'tile/0/x001/x234/067'
 */
export function tilePath(tile: Tile): string {
  checkTile(tile.level, tile.index, tile.width);
  return `tile/${tile.level}/${encodeIndex(tile.index)}${widthSuffix(tile.width)}`;
}

/**
 * The path of an entry bundle, relative to the log prefix.
 * @example entriesPath({ index: 2, width: 5 }) // 'tile/entries/002.p/5'
 */
export function entriesPath(bundle: EntryBundle): string {
  checkTile(0, bundle.index, bundle.width);
  return `tile/entries/${encodeIndex(bundle.index)}${widthSuffix(bundle.width)}`;
}

const PATH =
  /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/**
 * Parses a tile or entry-bundle path (canonical spelling only), e.g. for routing.
 * @example parseTilePath('tile/1/x001/234.p/7') // { kind: 'tile', level: 1, index: 1234, width: 7 }
 */
export function parseTilePath(
  path: string,
): ({ kind: 'tile' } & Tile) | ({ kind: 'entries' } & EntryBundle) {
  const m = PATH.exec(path);
  if (!m) throw new MerkleError('INVALID_TILE', `not a tile path: ${path}`);
  const [, levelText, indexText, widthText] = m;
  const groups = indexText!.split('/');
  if (groups.length > 5) throw new MerkleError('INVALID_TILE', 'tile index is too large');
  const index = groups.reduce((n, g) => n * 1000 + Number(g.replace('x', '')), 0);
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  const level = levelText === 'entries' ? 0 : Number(levelText);
  checkTile(level, index, width);
  // One spelling per tile: `x000/001`, `.p/256` and friends are refused.
  const tile = { level, index, width };
  if ((levelText === 'entries' ? entriesPath(tile) : tilePath(tile)) !== path) {
    throw new MerkleError('INVALID_TILE', `non-canonical tile path: ${path}`);
  }
  return levelText === 'entries' ? { kind: 'entries', index, width } : { kind: 'tile', ...tile };
}

/** newTiles with any tile height; exported for the tests, which reuse Go's height-10 table. */
export function newTilesOfHeight(height: number, oldSize: number, newSize: number): Tile[] {
  checkSize('oldSize', oldSize);
  checkSize('newSize', newSize);
  if (oldSize > newSize)
    throw new MerkleError('INVALID_RANGE', `oldSize ${oldSize} is above newSize ${newSize}`);
  const full = 2 ** height;
  const tiles: Tile[] = [];
  for (let level = 0; shr(newSize, height * level) > 0; level++) {
    const oldN = shr(oldSize, height * level); // hashes at this tile level before…
    const newN = shr(newSize, height * level); // …and after
    if (oldN === newN) continue;
    for (let n = shr(oldN, height); n < shr(newN, height); n++)
      tiles.push({ level, index: n, width: full });
    const n = shr(newN, height);
    const width = newN - n * full;
    if (width > 0) tiles.push({ level, index: n, width });
  }
  return tiles;
}

/**
 * The tiles to (re)write when the tree grows from `oldSize` to `newSize`: every
 * full tile completed on the way and the partial tile of each level at `newSize`
 * (the ones a checkpoint of that size needs). Same as Go's tlog.NewTiles.
 * @example newTiles(255, 256) // [{ level: 0, index: 0, width: 256 }, { level: 1, index: 0, width: 1 }]
 */
export function newTiles(oldSize: number, newSize: number): Tile[] {
  return newTilesOfHeight(TILE_HEIGHT, oldSize, newSize);
}

/**
 * Every tile of a tree of `size` leaves: full tiles, and one partial tile per level.
 * That is about size/255 tiles; for the edge only, use partialTiles.
 * @example tilesForSize(70_000).length // 273 + 1 + 1 + 1 + 1
 */
export function tilesForSize(size: number): Tile[] {
  return newTiles(0, size);
}

/**
 * The partial tiles of a tree of `size` leaves, one per level that has one: the
 * tiles that exist only for this size, which a checkpoint of that size needs.
 * @example partialTiles(70_000) // [{ level: 0, index: 273, width: 112 }, { level: 1, index: 1, width: 17 }, { level: 2, index: 0, width: 1 }]
 */
export function partialTiles(size: number): Tile[] {
  checkSize('size', size);
  const tiles: Tile[] = [];
  for (let level = 0; shr(size, TILE_HEIGHT * level) > 0; level++) {
    const hashes = shr(size, TILE_HEIGHT * level);
    const width = hashes % TILE_WIDTH;
    if (width > 0) tiles.push({ level, index: shr(hashes, TILE_HEIGHT), width });
  }
  return tiles;
}

/**
 * The stored nodes whose hashes, concatenated, are the bytes of `tile`.
 * @example await readNodes(store, tileNodes({ level: 1, index: 0, width: 3 })) // nodes 8/0, 8/1, 8/2
 */
export function tileNodes(tile: Tile): NodeId[] {
  checkTile(tile.level, tile.index, tile.width);
  const level = tile.level * TILE_HEIGHT;
  return Array.from({ length: tile.width }, (_, i) => ({
    level,
    index: tile.index * TILE_WIDTH + i,
  }));
}
