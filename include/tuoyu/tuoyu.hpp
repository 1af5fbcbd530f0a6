// The umbrella header: everything a user of tuoyu needs.
#pragma once

#include <tuoyu/version.hpp>
#include <tuoyu/error.hpp>
#include <tuoyu/date.hpp>

// The policy object model and datasets.
#include <tuoyu/enums.hpp>
#include <tuoyu/field_set.hpp>
#include <tuoyu/dated_value.hpp>
#include <tuoyu/department.hpp>
#include <tuoyu/township.hpp>
#include <tuoyu/jurisdiction.hpp>
#include <tuoyu/facility.hpp>
#include <tuoyu/meeting.hpp>
#include <tuoyu/training.hpp>
#include <tuoyu/input.hpp>
#include <tuoyu/dataset.hpp>
#include <tuoyu/expression/value.hpp>
#include <tuoyu/expression/type.hpp>
#include <tuoyu/expression/environment.hpp>
#include <tuoyu/expression/activation.hpp>
#include <tuoyu/expression/explanation.hpp>
#include <tuoyu/expression/expression.hpp>
#include <tuoyu/expression/evaluate.hpp>

// The engine.
#include <tuoyu/report.hpp>
#include <tuoyu/rulebook.hpp>
#include <tuoyu/check.hpp>

// Rule testing: case files, coverage, boundary cases.
#include <tuoyu/testing.hpp>
