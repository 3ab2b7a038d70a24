// One usage pattern of a docopt text (config.md §5.5): the words after the
// program name on one line of the `Usage:` section, e.g.
//     test [options] [--] (<file> | -a FILE)... [--out=<x y>]
// Section splitting and option-description lines are plain C++
// (compiler/docopt/parse.cpp): they are line- and column-based, which a
// token grammar expresses badly.
//
// The lexer accepts every input (any character is part of some token), and
// the parser accepts every token sequence whose brackets balance; the C++
// side checks the balance first, with docopt's own messages, and gives words
// their meaning (flag, command, <arg>, ARG) afterwards, because whether
// `--flag ARG` is one option with an argument depends on the options section.
grammar Docopt;

usage       : alternation EOF ;
alternation : sequence (PIPE sequence)* ;
sequence    : element* ;
element
    : WORD                                  # word
    | ELLIPSIS                              # ellipsis
    | LBRACKET alternation RBRACKET         # optional
    | LPAREN alternation RPAREN             # required
    ;

ELLIPSIS : '...' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
PIPE     : '|' ;

// A word may contain single dots (`a.b`) but `...` always splits it, as in
// docopt's tokenizer (`ARG...` is ARG then `...`). `<...>` may hold spaces
// (`--out=<file name>`).
WORD : WORD_PART+ (('.' | '..') WORD_PART+)* ;
// Lone `.` and `..` are words too (commands), so no input is left unlexed.
DOTS : ('.' | '..') -> type(WORD) ;
WS   : [ \t\r\n]+ -> skip ;

fragment WORD_PART : '<' ~[>\r\n]* '>' | ~[ \t\r\n.[\]()|] ;
