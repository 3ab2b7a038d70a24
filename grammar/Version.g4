// Version strings as `minimum-vagga` compares them (config.md §3.2): runs of
// digits are numbers, runs of letters-then-alphanumerics are words, and
// everything else only separates. A leading lower-case `v` is dropped before
// this grammar sees the text.
grammar Version;

version : part* EOF ;
part    : NUM | WORD ;

// The original used Unicode's alphanumeric classes; the full Unicode sets
// cost ~25M instructions of ATN deserialisation at every start of vagga, so
// every non-ASCII character counts as a letter here. No real version string
// tells the difference.
NUM  : [0-9]+ ;
WORD : [a-zA-Z\u0080-\uFFFF] [a-zA-Z0-9\u0080-\uFFFF]* ;
SEP  : ~[a-zA-Z0-9\u0080-\uFFFF] -> skip ;
