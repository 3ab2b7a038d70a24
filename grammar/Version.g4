// Version strings as `minimum-vagga` compares them (config.md §3.2): runs of
// digits are numbers, runs of letters-then-alphanumerics are words, and
// everything else only separates. A leading lower-case `v` is dropped before
// this grammar sees the text.
grammar Version;

version : part* EOF ;
part    : NUM | WORD ;

NUM  : [\p{N}]+ ;
WORD : [\p{L}] [\p{L}\p{N}]* ;
SEP  : ~[\p{L}\p{N}] -> skip ;
