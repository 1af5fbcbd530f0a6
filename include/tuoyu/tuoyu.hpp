// The umbrella header: everything a user of tuoyu needs.
#pragma once

#include <tuoyu/version.hpp>
#include <tuoyu/error.hpp>
#include <tuoyu/date.hpp>
#include <tuoyu/expression/value.hpp>
#include <tuoyu/expression/type.hpp>
#include <tuoyu/expression/environment.hpp>
#include <tuoyu/expression/activation.hpp>
#include <tuoyu/expression/explanation.hpp>
#include <tuoyu/expression/expression.hpp>
#include <tuoyu/expression/evaluate.hpp>
