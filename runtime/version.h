// The project's version: one definition, read by CMake (project VERSION), rf_version() and the CLI.
#pragma once

#define REFRAIN_VERSION_MAJOR 1
#define REFRAIN_VERSION_MINOR 0
#define REFRAIN_VERSION_PATCH 0
#define REFRAIN_VERSION "1.0.0"
