// The hash stage reads files through the one read-only file interface of
// the compiler (compiler/source/filesystem.h); these are its names here.
#pragma once

#include "compiler/source/filesystem.h"

namespace vagga::hash {

using source::DirEntry;
using source::FileKind;
using source::FileStat;
using source::FileSystem;
using source::read_whole_file;
using source::RealFileSystem;

} // namespace vagga::hash
