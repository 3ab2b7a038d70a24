// The schema language of stdlib/: every top-level key, container field,
// command kind, volume and build step of vagga.yaml is declared once here and
// turned into C++ types, decoders and documentation tables at build time.
// The same language declares the plan contract (compiler/plan/*.vs): records,
// ops and enums of the build and launch plans, with their JSON names.
grammar Schema;

file       : decl* EOF ;
decl       : structDecl | unionDecl | enumDecl | fieldsDecl ;

// A mapping with fixed members.
structDecl : 'struct' ID attr* '{' member* '}' ;
// A named set of members that structs and union options pull in with `use`.
fieldsDecl : 'fields' ID attr* '{' member* '}' ;
// A value told apart by its !Tag.
unionDecl  : 'union' ID attr* '{' option* '}' ;
// A scalar with a closed set of values (`-` and `_` are the same).
enumDecl   : 'enum' ID attr* '{' enumValue (',' enumValue)* ','? '}' ;
enumValue  : ID attr* ;

member     : 'use' ID ';'                        # useMember
           | ID ':' type ('=' literal)? attr* ';' # fieldMember
           ;
// `Tag(type)` carries one value, `Tag { members }` a mapping, bare `Tag` nothing.
option     : ID ('(' type ')')? ('{' member* '}')? attr* ';' ;

type       : ID ('<' type (',' type)* '>')? bounds? optional='?'? ;
bounds     : '(' lo=literal? '..' hi=literal? ')' ;
literal    : STRING | NUMBER | ID | '[' (literal (',' literal)*)? ']' | '{' '}' ;

attr       : 'doc' STRING                 # docAttr
           | 'since' STRING               # sinceAttr
           | 'shorthand' ID               # shorthandAttr
           | 'required'                   # requiredAttr
           | 'default' ID                 # defaultTagAttr
           | 'deprecated' STRING          # deprecatedAttr
           | 'plain'                      # plainAttr
           | 'noun' STRING                # nounAttr
           // Build steps only (a union option of stdlib/step.vs): the version
           // hash's fields in order (`"title": key`, the title defaulting to
           // the key in snake_case; `value` is the payload), the progress
           // label's parts (literal text and keys), the plan op a one-to-one
           // step lowers to (`op_field: key`).
           | 'hash' '(' (hashItem (',' hashItem)*)? ')'      # hashAttr
           | 'label' '(' labelPart* ')'                      # labelAttr
           | 'lowers' ID '(' (opArg (',' opArg)*)? ')'       # lowersAttr
           // Plan declarations only (compiler/plan/*.vs):
           | 'json' STRING                # jsonAttr
           | 'located'                    # locatedAttr
           | 'tuple'                      # tupleAttr
           ;

hashItem   : (STRING ':')? ID ;
labelPart  : STRING | ID ;
opArg      : ID ':' ID ;

ID         : [a-zA-Z_*] [a-zA-Z0-9_-]* ;
NUMBER     : [0-9] [0-9a-zA-Z_]* ;
STRING     : '"' ( '\\' . | ~["\\] )* '"' ;
COMMENT    : '#' ~[\r\n]* -> skip ;
WS         : [ \t\r\n]+ -> skip ;
