// Field encodings of the steps that hash file trees (spec §7): `!Copy`,
// `!Depends` and `!Build content-hash: true`. Plain parameters, so the
// bench and the tests can call them without a config.
#pragma once

#include "compiler/hash/digest.h"
#include "compiler/hash/outcome.h"
#include "compiler/hash/project_files.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vagga::hash {

struct TreeFilterParams {
    std::optional<std::string> ignore_regex;
    std::optional<std::string> include_regex;
    std::vector<std::string> rules;
    std::optional<bool> no_default_rules;
};

struct CopyParams {
    std::string source;
    std::string path;
    std::optional<uint32_t> owner_uid;
    std::optional<uint32_t> owner_gid;
    uint32_t umask = 0002;
    bool preserve_permissions = false;
    bool preserve_times = false;
    TreeFilterParams filter;
};

struct DependsParams {
    std::string path;
    TreeFilterParams filter;
};

Outcome hash_copy(const ProjectFiles& pf, Digest& d, const CopyParams& p);
Outcome hash_depends(const ProjectFiles& pf, Digest& d, const DependsParams& p);
// `dep_root` is `/vagga/base/.roots/<dep>.<h8>/root`.
Outcome hash_build_content(const ProjectFiles& pf, Digest& d, const std::string& dep_root,
                           const std::string& source, const std::optional<std::string>& path,
                           const std::vector<std::string>& rules);

} // namespace vagga::hash
