# Turns data files (the built-in rulebooks) into a header of byte arrays, so that
# tuoyu::builtin_rulebook() needs no file at run time. The header is regenerated when a file changes.
function(tuoyu_embed_rulebooks)
  cmake_parse_arguments(ARG "" "OUTPUT" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} "-DFILES=${ARG_FILES}"
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/tuoyu_embed_run.cmake
    DEPENDS ${ARG_FILES} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/tuoyu_embed_run.cmake
    COMMENT "Embedding built-in rulebooks"
    VERBATIM)
  add_custom_target(tuoyu_embedded_data DEPENDS ${ARG_OUTPUT})
  # Generate once at configure time too, so header-only consumers and IDEs see the file.
  execute_process(COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} "-DFILES=${ARG_FILES}"
                  -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/tuoyu_embed_run.cmake)
endfunction()
