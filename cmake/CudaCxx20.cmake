# C++20 for CUDA sources, like the C++ ones (Torch's CMake also sets CMAKE_CUDA_STANDARD from
# CMAKE_CXX_STANDARD). CMake before 3.26 does not know nvcc's C++20 flag: teach it.
set(CMAKE_CUDA_STANDARD 20)
set(CMAKE_CUDA_STANDARD_REQUIRED ON)
if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION)
  set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
  set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
endif()
