// The tokenizer (src/model/sql-tokens.ts) is one loop over char codes; these are the tokens, with
// positions, that every kind of token gives (expected values recorded from the earlier tokenizer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../dist/model/sql-tokens.js';

const cases = [
  ["SELECT x'0A\n' , 0x1F_, 1_000.5e-3, .5, 'it''s\nok' /* a\n b */ \"q\"\"x\" [a b] `c` -- tail\n?1 :n @v $w ->> -> <> != == || << >= ! é😀  ;",
    [["word","SELECT",0,1,1],["blob","x'0A\n'",7,1,8],[",",",",14,1,15],["number","0x1F_",16,1,17],[",",",",21,1,22],["number","1_000.5e-3",23,1,24],[",",",",33,1,34],["number",".5",35,1,36],[",",",",37,1,38],["string","'it''s\nok'",39,1,40],["comment","/* a\n b */",50,2,5],["quoted","\"q\"\"x\"",61,3,7],["quoted","[a b]",68,3,14],["quoted","`c`",74,3,20],["comment","-- tail",78,3,24],["param","?1",86,4,1],["param",":n",89,4,4],["param","@v",92,4,7],["param","$w",95,4,10],["op","->>",98,4,13],["op","->",102,4,17],["op","<>",105,4,20],["op","!=",108,4,23],["op","==",111,4,26],["op","||",114,4,29],["op","<<",117,4,32],["op",">=",120,4,35],["op","!",123,4,38],["word","é😀",125,4,40],["word"," ",129,4,44],[";",";",130,4,45]]],
  ["CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; END; 'open",
    [["word","CREATE",0,1,1],["word","TRIGGER",7,1,8],["word","t",15,1,16],["word","AFTER",17,1,18],["word","INSERT",23,1,24],["word","ON",30,1,31],["word","a",33,1,34],["word","BEGIN",35,1,36],["word","SELECT",41,1,42],["word","CASE",48,1,49],["word","WHEN",53,1,54],["number","1",58,1,59],["word","THEN",60,1,61],["number","2",65,1,66],["word","END",67,1,68],[";",";",70,1,71],["word","END",72,1,73],[";",";",75,1,76],["string","'open",77,1,78]]],
];

test('every kind of token, with its offset, line and column; comments only when asked for; maxTokens stops early', () => {
  for (const [sql, expected] of cases) {
    assert.deepEqual(tokenize(sql, true).map((t) => [t.kind, t.text, t.start, t.line, t.col]), expected);
    assert.deepEqual(tokenize(sql).map((t) => t.text), expected.filter(([kind]) => kind !== 'comment').map(([, text]) => text));
    assert.ok(tokenize(sql).every((t) => t.end === t.start + t.text.length));
    assert.deepEqual(tokenize(sql, false, 3).map((t) => t.text), expected.filter(([kind]) => kind !== 'comment').slice(0, 3).map(([, text]) => text));
  }
});
