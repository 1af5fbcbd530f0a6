// tuoyu._core.evaluate: one-off expressions with Python values in and out (dates stay dates).
#include "convert.hpp"
#include "register.hpp"

#include <tuoyu/expression/activation.hpp>
#include <tuoyu/expression/environment.hpp>
#include <tuoyu/expression/expression.hpp>

namespace tuoyu::python {

void register_expression(py::module_& m) {
  m.def(
      "evaluate",
      [](const std::string& source, const py::dict& variables) {
        environment env;
        activation act;
        for (auto [key, item] : variables) {
          if (!PyUnicode_Check(key.ptr())) throw py::type_error("variable names must be strings");
          auto name = key.cast<std::string>();
          env.declare_variable(name, type::dyn());
          act.bind(name, value_from_python(item));
        }
        value result;
        {
          py::gil_scoped_release release;
          auto compiled = expression::compile(source, env);
          result = compiled.evaluate(act);
        }
        if (result.is_error()) throw evaluation_error(result.error_id(), result.error_message());
        return to_python(result);
      },
      py::arg("expression"), py::arg("variables") = py::dict(),
      "Evaluates an expression; raises ExpressionError (parse/check) or EvaluationError.");
}

}  // namespace tuoyu::python
