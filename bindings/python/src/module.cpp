// tuoyu._core: the compiled half of the Python package. Each area binds itself in its own file.
#include "register.hpp"

#include <tuoyu/version.hpp>

PYBIND11_MODULE(_core, m) {
  m.doc() = "tuoyu compiled core (private: use the tuoyu package)";
  m.attr("__version__") = std::string(tuoyu::version_string);
  tuoyu::python::register_errors(m);
  tuoyu::python::register_dataset(m);
  tuoyu::python::register_rulebook(m);
  tuoyu::python::register_report(m);
  tuoyu::python::register_expression(m);
  tuoyu::python::register_testing(m);
}
