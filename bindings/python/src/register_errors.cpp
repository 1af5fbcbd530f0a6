// tuoyu::error and its subclasses as Python exceptions: tuoyu.Error with InputError (also a ValueError),
// FileError (also an OSError), RulebookError, ExpressionError and EvaluationError. Each instance carries
// .id, .detail and, where known, .file, .pointer, .line, .column (and .table, .column_name, .row for
// DataFrame input).
#include "register.hpp"

namespace tuoyu::python {

namespace {

// Created once when the module is imported and kept for the life of the interpreter.
PyObject* error_type = nullptr;
PyObject* input_error_type = nullptr;
PyObject* file_error_type = nullptr;
PyObject* rulebook_error_type = nullptr;
PyObject* expression_error_type = nullptr;
PyObject* evaluation_error_type = nullptr;

PyObject* new_type(py::module_& m, const char* name, py::handle bases, const char* doc) {
  std::string qualified = "tuoyu." + std::string(name);
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // add_object steals nothing: the module gets its own reference
  return type;
}

void raise(PyObject* type, const error& e) {
  py::object instance = py::reinterpret_borrow<py::object>(type)(e.what());
  instance.attr("id") = e.id();
  instance.attr("detail") = e.detail();
  const auto& w = e.where();
  instance.attr("file") = w.file.empty() ? py::object(py::none()) : py::object(py::str(w.file));
  instance.attr("pointer") = w.pointer.empty() ? py::object(py::none()) : py::object(py::str(w.pointer));
  instance.attr("line") = w.line > 0 ? py::object(py::int_(w.line)) : py::object(py::none());
  instance.attr("column") = w.line > 0 ? py::object(py::int_(w.column)) : py::object(py::none());
  instance.attr("table") = py::none();
  instance.attr("column_name") = py::none();
  instance.attr("row") = py::none();
  if (auto* f = dynamic_cast<const frame_input_error*>(&e)) {
    instance.attr("table") = f->table();
    instance.attr("column_name") = f->column().empty() ? py::object(py::none()) : py::object(py::str(f->column()));
    instance.attr("row") = f->row() >= 0 ? py::object(py::int_(f->row())) : py::object(py::none());
  }
  PyErr_SetObject(type, instance.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
  error_type = new_type(m, "Error", PyExc_Exception, "Base of every tuoyu error; .id is the stable error id.");
  input_error_type = new_type(m, "InputError", py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError)),
                              "A dataset or other input document is malformed (tuoyu.input.*).");
  file_error_type = new_type(m, "FileError", py::make_tuple(py::handle(error_type), py::handle(PyExc_OSError)),
                             "A file could not be read (tuoyu.io.*).");
  rulebook_error_type = new_type(m, "RulebookError", error_type, "A rulebook is malformed (tuoyu.rulebook.*).");
  expression_error_type =
      new_type(m, "ExpressionError", error_type, "An expression does not parse or type-check (tuoyu.expr.*).");
  evaluation_error_type =
      new_type(m, "EvaluationError", error_type, "Evaluating an expression failed (tuoyu.eval.*).");

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const input_error& e) {
      raise(input_error_type, e);
    } catch (const io_error& e) {
      raise(file_error_type, e);
    } catch (const rulebook_error& e) {
      raise(rulebook_error_type, e);
    } catch (const expression_error& e) {
      raise(expression_error_type, e);
    } catch (const evaluation_error& e) {
      raise(evaluation_error_type, e);
    } catch (const error& e) {
      raise(error_type, e);
    }
  });
}

}  // namespace tuoyu::python
