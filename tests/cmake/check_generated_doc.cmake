# Fails when a committed generated document differs from what the tool generates now.
# -DCOMMAND="tuoyu;rules;..." -DDOC=path -DREGENERATE="how to regenerate"
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generating ${DOC} failed (exit ${rc})")
endif()
file(READ ${DOC} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "${DOC} is stale; regenerate it with: ${REGENERATE}")
endif()
