# Finds cuDNN (version 9 or later): headers cudnn.h / cudnn_version.h and the library libcudnn.
#
# Where it looks, in order:
#   CUDNN_ROOT (CMake or environment variable), CUDNN_INCLUDE_DIR / CUDNN_LIBRARY if set,
#   the CUDA toolkit (CUDAToolkit_LIBRARY_ROOT, /usr/local/cuda), the system paths, and the
#   folders of NVIDIA's Python wheels (site-packages/nvidia/cudnn, nvidia/cu13, ...), found by
#   asking python3 where `import nvidia` lives. The wheels ship only the versioned library
#   (libcudnn.so.9), so that name is tried too.
#
# Defines CUDNN_FOUND, CUDNN_VERSION, CUDNN_INCLUDE_DIR, CUDNN_LIBRARY and the imported
# target CUDNN::cudnn. Also defines AECLUSTER_NVIDIA_WHEEL_DIRS (the wheel folders found),
# which cuda/CMakeLists.txt uses to find cuBLAS the same way.

# The folders of NVIDIA's Python wheels: every <site-packages>/nvidia/<component>.
if(NOT DEFINED AECLUSTER_NVIDIA_WHEEL_DIRS)
  set(_aecluster_wheel_dirs "")
  find_program(AECLUSTER_WHEEL_PYTHON NAMES python3 python)
  mark_as_advanced(AECLUSTER_WHEEL_PYTHON)
  if(AECLUSTER_WHEEL_PYTHON)
    execute_process(
      COMMAND "${AECLUSTER_WHEEL_PYTHON}" -c
              "import glob, os, nvidia; print(';'.join(sorted(d for p in nvidia.__path__ for d in glob.glob(os.path.join(p, '*')) if os.path.isdir(d))))"
      RESULT_VARIABLE _aecluster_rc OUTPUT_VARIABLE _aecluster_out ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(_aecluster_rc EQUAL 0 AND _aecluster_out)
      set(_aecluster_wheel_dirs "${_aecluster_out}")
    endif()
  endif()
  set(AECLUSTER_NVIDIA_WHEEL_DIRS "${_aecluster_wheel_dirs}" CACHE STRING "Folders of NVIDIA's Python wheels (site-packages/nvidia/*)")
  mark_as_advanced(AECLUSTER_NVIDIA_WHEEL_DIRS)
endif()

set(_cudnn_hints "")
foreach(_root "${CUDNN_ROOT}" "$ENV{CUDNN_ROOT}")
  if(_root)
    list(APPEND _cudnn_hints "${_root}")
  endif()
endforeach()
if(CUDAToolkit_LIBRARY_ROOT)
  list(APPEND _cudnn_hints "${CUDAToolkit_LIBRARY_ROOT}")
endif()
if(CUDAToolkit_TARGET_DIR)
  list(APPEND _cudnn_hints "${CUDAToolkit_TARGET_DIR}")
endif()
list(APPEND _cudnn_hints /usr/local/cuda)
# The wheel named cudnn first, then the others (CUDA 13's wheels may share nvidia/cu13).
foreach(_dir IN LISTS AECLUSTER_NVIDIA_WHEEL_DIRS)
  if(_dir MATCHES "/cudnn$")
    list(APPEND _cudnn_hints "${_dir}")
  endif()
endforeach()
foreach(_dir IN LISTS AECLUSTER_NVIDIA_WHEEL_DIRS)
  if(NOT _dir MATCHES "/cudnn$")
    list(APPEND _cudnn_hints "${_dir}")
  endif()
endforeach()

find_path(CUDNN_INCLUDE_DIR NAMES cudnn_version.h
          HINTS ${_cudnn_hints}
          PATH_SUFFIXES include targets/x86_64-linux/include targets/sbsa-linux/include)
find_library(CUDNN_LIBRARY NAMES cudnn libcudnn.so.9
             HINTS ${_cudnn_hints}
             PATH_SUFFIXES lib lib64 lib/x64 targets/x86_64-linux/lib targets/sbsa-linux/lib)

set(CUDNN_VERSION "")
if(CUDNN_INCLUDE_DIR AND EXISTS "${CUDNN_INCLUDE_DIR}/cudnn_version.h")
  file(STRINGS "${CUDNN_INCLUDE_DIR}/cudnn_version.h" _cudnn_defines REGEX "^#define CUDNN_(MAJOR|MINOR|PATCHLEVEL) +[0-9]+")
  foreach(_part MAJOR MINOR PATCHLEVEL)
    string(REGEX MATCH "CUDNN_${_part} +([0-9]+)" _match "${_cudnn_defines}")
    set(_cudnn_${_part} "${CMAKE_MATCH_1}")
  endforeach()
  set(CUDNN_VERSION "${_cudnn_MAJOR}.${_cudnn_MINOR}.${_cudnn_PATCHLEVEL}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CUDNN REQUIRED_VARS CUDNN_LIBRARY CUDNN_INCLUDE_DIR VERSION_VAR CUDNN_VERSION)

if(CUDNN_FOUND AND NOT TARGET CUDNN::cudnn)
  add_library(CUDNN::cudnn UNKNOWN IMPORTED)
  set_target_properties(CUDNN::cudnn PROPERTIES IMPORTED_LOCATION "${CUDNN_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${CUDNN_INCLUDE_DIR}")
endif()
mark_as_advanced(CUDNN_INCLUDE_DIR CUDNN_LIBRARY)
