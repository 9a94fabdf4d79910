import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  entriesPath,
  newTiles,
  newTilesOfHeight,
  parseTilePath,
  partialTiles,
  tileNodes,
  tilePath,
  tilesForSize,
} from './tiles.ts';

describe('tilePath', () => {
  it.each([
    [{ level: 0, index: 1234067, width: 256 }, 'tile/0/x001/x234/067'], // the spec's example
    [{ level: 0, index: 0, width: 256 }, 'tile/0/000'],
    [{ level: 1, index: 0, width: 1 }, 'tile/1/000.p/1'],
    [{ level: 2, index: 999, width: 255 }, 'tile/2/999.p/255'],
    [{ level: 3, index: 1000, width: 17 }, 'tile/3/x001/000.p/17'],
    [{ level: 0, index: 1_000_000, width: 256 }, 'tile/0/x001/x000/000'],
    [{ level: 63, index: 5, width: 256 }, 'tile/63/005'],
    [{ level: 1, index: 2 ** 45, width: 2 }, 'tile/1/x035/x184/x372/x088/832.p/2'],
  ])('%j → %s', (tile, path) => {
    expect(tilePath(tile)).toBe(path);
    expect(parseTilePath(path)).toEqual({ kind: 'tile', ...tile });
  });

  it.each([
    [{ index: 2, width: 5 }, 'tile/entries/002.p/5'],
    [{ index: 1234067, width: 256 }, 'tile/entries/x001/x234/067'],
  ])('entries %j → %s', (bundle, path) => {
    expect(entriesPath(bundle)).toBe(path);
    expect(parseTilePath(path)).toEqual({ kind: 'entries', ...bundle });
  });

  it.each([
    { level: 64, index: 0, width: 256 },
    { level: -1, index: 0, width: 256 },
    { level: 0, index: -1, width: 256 },
    { level: 0, index: 1.5, width: 256 },
    { level: 0, index: 0, width: 0 },
    { level: 0, index: 0, width: 257 },
  ])('refuses %j', (tile) => {
    expect(() => tilePath(tile)).toThrow(expect.objectContaining({ code: 'INVALID_TILE' }));
  });

  it.each([
    'tile/0/1', // not 3 digits
    'tile/0/x000/001', // non-canonical leading group
    'tile/0/001/002', // inner group without x
    'tile/0/x001', // last group with x
    'tile/00/000', // leading zero in level
    'tile/64/000',
    'tile/0/000.p/256', // a full tile has no suffix
    'tile/0/000.p/0',
    'tile/0/000.p/007',
    'tile/0/000.p/',
    '/tile/0/000',
    'tile/0/000/',
    'tile/entries/000.p/300',
    'tile/3/5/x123/x456/078', // Go sumdb form, with a height element
    'tile/1/data/x003/x057/500',
    'tile/0/x999/x999/x999/x999/x999/999', // beyond 2^53
  ])('parseTilePath refuses %s', (path) => {
    expect(() => parseTilePath(path)).toThrow(expect.objectContaining({ code: 'INVALID_TILE' }));
  });
});

describe('which tiles a tree has', () => {
  it('size 70,000 (the spec example): 273 full + 1 partial level-0 tiles, 1 full + 1 partial level-1, 1 partial level-2', () => {
    const tiles = tilesForSize(70_000);
    expect(tiles.filter((t) => t.level === 0 && t.width === 256)).toHaveLength(273);
    expect(tiles.filter((t) => t.width < 256)).toEqual([
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
    expect(tiles.filter((t) => t.level === 1 && t.width === 256)).toEqual([
      { level: 1, index: 0, width: 256 },
    ]);
    expect(tiles).toHaveLength(277);
  });

  it('size 256 (the spec example): one full level-0 tile and a level-1 tile of width 1', () => {
    expect(tilesForSize(256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
  });

  it('size 0 has no tiles', () => {
    expect(tilesForSize(0)).toEqual([]);
    expect(partialTiles(0)).toEqual([]);
  });

  it('partialTiles(70,000) is the edge of the spec example', () => {
    expect(partialTiles(70_000)).toEqual([
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
  });

  it('partial widths follow floor(s / 256^l) mod 256 for every level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (s) => {
        const partial = partialTiles(s);
        if (s < 300_000) expect(tilesForSize(s).filter((t) => t.width < 256)).toEqual(partial);
        for (const t of partial) expect(t.width).toBe(Math.floor(s / 256 ** t.level) % 256);
        const levels = Math.floor(Math.log(s) / Math.log(256)) + 1;
        expect(partial.length).toBe(
          Array.from({ length: levels }, (_, l) => Math.floor(s / 256 ** l) % 256).filter(
            (w) => w > 0,
          ).length,
        );
      }),
    );
  });

  // golang.org/x/mod/sumdb/tlog tile_test.go TestNewTilesForSize (height 10), same algorithm.
  it.each([
    [1, 1, 0],
    [100, 101, 1],
    [1023, 1025, 3],
    [1024, 1030, 1],
    [1030, 2000, 1],
    [1030, 10000, 10],
    [49516517, 49516586, 3],
  ])('Go NewTiles(10, %i, %i) has %i tiles', (oldSize, newSize, want) => {
    expect(newTilesOfHeight(10, oldSize, newSize)).toHaveLength(want);
  });

  it('newTiles for one more leaf rewrites the partial tiles', () => {
    expect(newTiles(255, 256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(newTiles(256, 257)).toEqual([{ level: 0, index: 1, width: 1 }]);
    expect(() => newTiles(5, 4)).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
  });

  it('tileNodes lists the stored nodes of a tile', () => {
    expect(tileNodes({ level: 1, index: 2, width: 3 })).toEqual([
      { level: 8, index: 512 },
      { level: 8, index: 513 },
      { level: 8, index: 514 },
    ]);
    expect(tileNodes({ level: 0, index: 0, width: 256 })).toHaveLength(256);
  });
});
