# Installs aecluster into a scratch prefix, then configures, builds and runs a consumer that
# finds it with find_package(aecluster CONFIG).
file(REMOVE_RECURSE ${BUILD})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BUILD}/lib -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release
                        -DAECLUSTER_BUILD_TESTS=OFF -DAECLUSTER_BUILD_EXAMPLES=OFF -DAECLUSTER_BUILD_BENCH=OFF
                        -DAECLUSTER_CUDA=OFF -DCMAKE_INSTALL_PREFIX=${BUILD}/prefix
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD}/lib COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE}/tests/consumer -B ${BUILD}/app -G ${GENERATOR}
                        -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${BUILD}/prefix
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD}/app COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${BUILD}/app/consumer WORKING_DIRECTORY ${BUILD} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "consumer printed: ${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the consumer program failed with ${rc}")
endif()
