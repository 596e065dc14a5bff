# Compile-only check of the CUDA sources against the (CPU) LibTorch headers.
#
# The CPU wheel ships the c10/ATen CUDA headers but not the header that CMake generates for a
# CUDA build of c10; the one line it holds is recreated here. The kernels include only c10/cuda
# headers (not ATen/cuda/CUDAContext.h), so no cuBLAS/cuSPARSE headers are needed.
set(CMAKE_CUDA_ARCHITECTURES 80 90)
enable_language(CUDA)
include(${CMAKE_CURRENT_LIST_DIR}/CudaCxx20.cmake)

set(_shim_dir ${CMAKE_BINARY_DIR}/cuda_check_include)
file(WRITE ${_shim_dir}/c10/cuda/impl/cuda_cmake_macros.h
  "#pragma once\n#define C10_CUDA_BUILD_SHARED_LIBS\n")

add_library(mmdet4j_cuda_check OBJECT ${MMDET4J_CUDA_SOURCES})
get_target_property(_torch_includes torch INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(mmdet4j_cuda_check PRIVATE
  ${_shim_dir} ${_torch_includes} ${PROJECT_SOURCE_DIR}/native)
target_compile_definitions(mmdet4j_cuda_check PRIVATE MMDET4J_WITH_CUDA)
# Keep nvcc quiet about LibTorch's own headers; our code is still compiled in full.
target_compile_options(mmdet4j_cuda_check PRIVATE
  $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr -diag-suppress=20012,20014,3189,177,550>)
message(STATUS "mmdet4j: compile-only check of ${CMAKE_CUDA_ARCHITECTURES} for the CUDA sources")
