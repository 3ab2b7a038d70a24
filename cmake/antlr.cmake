# Generates C++ sources from an ANTLR4 grammar with Debian's antlr4 tool and
# builds them as a static library against Debian's ANTLR4 C++ runtime.
#
# The Debian tool (4.7.2) emits u8"" literals into std::string, which C++20
# types as char8_t: generated code is built with -fno-char8_t, and its
# warnings are not ours to fix, so they are not made errors.
set(ANTLR4_RUNTIME_INCLUDE /usr/include/antlr4-runtime)
set(ANTLR4_INCLUDE_DIRS ${ANTLR4_RUNTIME_INCLUDE})
# clang (the fuzz build) rejects the 4.9 runtime's umbrella header: it
# includes misc/InterpreterDataReader.h, whose constructor calls Vocabulary's
# defaulted constructor, which is deleted (a const member with no
# initializer; GCC lets it pass). Nothing here uses that header, so clang
# builds against a copy of the umbrella header without it, written at
# configure time; every other header comes from the system as usual.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  file(READ ${ANTLR4_RUNTIME_INCLUDE}/antlr4-runtime.h _antlr_umbrella)
  string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" _antlr_umbrella
                 "${_antlr_umbrella}")
  file(WRITE ${CMAKE_BINARY_DIR}/antlr4-shim/antlr4-runtime.h "${_antlr_umbrella}")
  set(ANTLR4_INCLUDE_DIRS ${CMAKE_BINARY_DIR}/antlr4-shim ${ANTLR4_RUNTIME_INCLUDE})
endif()
if(VAGGA_STATIC_LIBS)
  find_library(ANTLR4_RUNTIME_STATIC libantlr4-runtime.a REQUIRED)
  set(ANTLR4_RUNTIME_LIB ${ANTLR4_RUNTIME_STATIC})
else()
  find_library(ANTLR4_RUNTIME_SHARED antlr4-runtime REQUIRED)
  set(ANTLR4_RUNTIME_LIB ${ANTLR4_RUNTIME_SHARED})
endif()

function(antlr_grammar name grammar_file)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/antlr_${name})
  set(srcs ${out}/${name}Lexer.cpp ${out}/${name}Parser.cpp)
  add_custom_command(
    OUTPUT ${srcs}
    COMMAND ${ANTLR4} -Dlanguage=Cpp -no-listener -no-visitor
            -o ${out} -Xexact-output-dir ${grammar_file}
    DEPENDS ${grammar_file}
    COMMENT "ANTLR4 ${name}")
  add_library(antlr_${name} STATIC ${srcs})
  target_compile_options(antlr_${name} PRIVATE -fno-char8_t -w)
  target_include_directories(antlr_${name} SYSTEM PUBLIC ${out} ${ANTLR4_INCLUDE_DIRS})
  target_link_libraries(antlr_${name} PUBLIC ${ANTLR4_RUNTIME_LIB})
  set_target_properties(antlr_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
