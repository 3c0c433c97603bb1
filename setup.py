"""Builds the Python package refrain: setuptools drives CMake, which compiles
the runtime, the compiler and the pybind11 module refrain._native
(python/CMakeLists.txt) straight into the package's build folder.

    python3 -m pip install --no-build-isolation .

CMAKE_BUILD_PARALLEL_LEVEL sets the compile jobs (default: every core), and
CMAKE_CXX_COMPILER_LAUNCHER=ccache compiles through ccache.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def version():
    """The one definition of the version, runtime/version.h."""
    return re.search(r'#define REFRAIN_VERSION "(.*)"', (ROOT / "runtime" / "version.h").read_text()).group(1)


class CMakeBuild(build_ext):
    """Builds the module with CMake instead of setuptools' own compiler calls."""

    def build_extension(self, ext):
        package_dir = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        cmake_dir = Path(self.build_temp).resolve() / "cmake"
        subprocess.run(
            ["cmake", "-S", str(ROOT), "-B", str(cmake_dir), "-DCMAKE_BUILD_TYPE=Release",
             "-DREFRAIN_BUILD_PYTHON=ON", "-DREFRAIN_BUILD_CLI=OFF", "-DREFRAIN_BUILD_TESTS=OFF",
             "-DREFRAIN_BUILD_BENCH=OFF", "-DREFRAIN_INSTALL=OFF",
             f"-DPython_EXECUTABLE={sys.executable}", f"-DREFRAIN_PYTHON_PACKAGE_DIR={package_dir}"],
            check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(cmake_dir), "--target", "refrain_python", "-j", jobs], check=True)


setup(
    version=version(),
    packages=["refrain"],
    package_dir={"": "python"},
    package_data={"refrain": ["__init__.pyi", "py.typed"]},
    ext_modules=[Extension("refrain._native", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # Beside the project's own build folders (/build*/ in .gitignore), not inside build/.
    options={"build": {"build_base": "build-python"}},
)
