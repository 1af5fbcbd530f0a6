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
