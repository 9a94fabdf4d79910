import { runAllFiguresSuite } from './all-figures.case.ts';

runAllFiguresSuite('pglite');
